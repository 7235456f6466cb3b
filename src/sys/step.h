/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The steps of create and destroy that change the system, named as they begin
 * ("hot-add", "dm-activate", "suspend", ...). Each is logged at debug level.
 * In a test-hook build (-DEPHVOL_TEST_HOOKS, never installed) a test may kill
 * the process with SIGKILL as step N begins (EPHVOL_TEST_KILL_AT=N), after
 * appending "N NAME" to $EPHVOL_TEST_STEP_LOG: so a crash at every step is
 * tried on the real binary, not reasoned about.
 */
void step(const char *name);
