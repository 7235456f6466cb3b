build-dev/src/cli/cmd-writeback.o: src/cli/cmd-writeback.c \
 src/shared/format-util.h src/cli/log.h src/shared/macro.h src/cli/sys.h \
 src/cli/verbs.h src/shared/ephvol-cleanup.h include/ephvol.h
src/shared/format-util.h:
src/cli/log.h:
src/shared/macro.h:
src/cli/sys.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
include/ephvol.h:
