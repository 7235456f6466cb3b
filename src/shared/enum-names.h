/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The names of the public enums, as the contract spells them (JSON, records, config).
 * Here rather than in the library so that records, config and the generator can name
 * them without linking libephvol; the library's ephvol_*_to_string() return these. */

#include "ephvol.h"

const char *backend_to_string(enum ephvol_backend b);
const char *role_to_string(enum ephvol_role r);
const char *key_location_to_string(enum ephvol_key_location l);
const char *protection_to_string(enum ephvol_protection p);
const char *state_to_string(enum ephvol_state st);
const char *audit_kind_to_string(enum ephvol_audit_kind k);
