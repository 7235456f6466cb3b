build-dev/src/cli/cmd-up.o: src/cli/cmd-up.c src/shared/conf.h \
 src/shared/macro.h src/cli/log.h src/cli/verbs.h \
 src/shared/ephvol-cleanup.h include/ephvol.h
src/shared/conf.h:
src/shared/macro.h:
src/cli/log.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
include/ephvol.h:
