build-dev/src/cli/cmd-status.o: src/cli/cmd-status.c \
 src/cli/audit-output.h include/ephvol.h src/cli/log.h src/shared/macro.h \
 src/cli/status-output.h src/cli/verbs.h src/shared/ephvol-cleanup.h
src/cli/audit-output.h:
include/ephvol.h:
src/cli/log.h:
src/shared/macro.h:
src/cli/status-output.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
