/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "sys.h"

void process_protect_keys(void) {
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
}

int signal_pending_in(const sigset_t *set) {
	sigset_t pending;

	if (sigpending(&pending) < 0)
		return 0;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(set, sig) && sigismember(&pending, sig))
			return sig;
	return 0;
}
