build-dev/src/cli/cmd-claim.o: src/cli/cmd-claim.c \
 src/cli/backing-check.h src/cli/sys.h src/shared/macro.h \
 src/shared/claim.h src/cli/log.h src/cli/verbs.h \
 src/shared/ephvol-cleanup.h include/ephvol.h
src/cli/backing-check.h:
src/cli/sys.h:
src/shared/macro.h:
src/shared/claim.h:
src/cli/log.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
include/ephvol.h:
