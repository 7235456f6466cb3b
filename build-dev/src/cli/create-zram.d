build-dev/src/cli/create-zram.o: src/cli/create-zram.c \
 src/cli/create-build.h src/cli/create-options.h src/cli/cipher-spec.h \
 src/shared/kcapi-name.h include/ephvol.h src/cli/sys.h \
 src/shared/macro.h src/cli/log.h src/shared/size-expr.h src/cli/step.h \
 src/shared/zram-record.h src/shared/run-paths.h
src/cli/create-build.h:
src/cli/create-options.h:
src/cli/cipher-spec.h:
src/shared/kcapi-name.h:
include/ephvol.h:
src/cli/sys.h:
src/shared/macro.h:
src/cli/log.h:
src/shared/size-expr.h:
src/cli/step.h:
src/shared/zram-record.h:
src/shared/run-paths.h:
