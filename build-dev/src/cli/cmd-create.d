build-dev/src/cli/cmd-create.o: src/cli/cmd-create.c \
 src/cli/create-build.h src/cli/create-options.h src/cli/cipher-spec.h \
 src/shared/kcapi-name.h include/ephvol.h src/cli/sys.h \
 src/shared/macro.h src/shared/fileio.h src/shared/intent.h \
 src/shared/run-paths.h src/cli/log.h src/shared/mount-options.h \
 src/shared/size-expr.h src/cli/step.h src/shared/sys-kcapi.h \
 src/cli/verbs.h src/shared/ephvol-cleanup.h src/shared/zram-record.h
src/cli/create-build.h:
src/cli/create-options.h:
src/cli/cipher-spec.h:
src/shared/kcapi-name.h:
include/ephvol.h:
src/cli/sys.h:
src/shared/macro.h:
src/shared/fileio.h:
src/shared/intent.h:
src/shared/run-paths.h:
src/cli/log.h:
src/shared/mount-options.h:
src/shared/size-expr.h:
src/cli/step.h:
src/shared/sys-kcapi.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
src/shared/zram-record.h:
