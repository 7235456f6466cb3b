build-dev/src/cli/cmd-destroy.o: src/cli/cmd-destroy.c src/shared/claim.h \
 src/shared/fileio.h src/shared/holders.h src/shared/macro.h \
 src/shared/intent.h include/ephvol.h src/shared/run-paths.h \
 src/cli/log.h src/cli/step.h src/cli/sys.h src/cli/verbs.h \
 src/shared/ephvol-cleanup.h src/shared/zram-record.h
src/shared/claim.h:
src/shared/fileio.h:
src/shared/holders.h:
src/shared/macro.h:
src/shared/intent.h:
include/ephvol.h:
src/shared/run-paths.h:
src/cli/log.h:
src/cli/step.h:
src/cli/sys.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
src/shared/zram-record.h:
