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

/*
 * The timeline (-v): every step, and the phases between them that only look
 * (timeline_mark: "lock", "exists", ...), is timed on the monotonic clock from
 * main() on. A phase's line, "Timeline: NAME MS ms", is logged when the next
 * one begins; timeline_end() logs the last one and "Timeline: total MS ms".
 * What the process costs before main() (loading its libraries) and after
 * (exit) is the wall time measured outside minus that total: make bench
 * prints it as "exec".
 */
void timeline_start(void);
void timeline_mark(const char *name);
void timeline_end(void);
