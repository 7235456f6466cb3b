build-dev/src/cli/create-options.o: src/cli/create-options.c \
 src/cli/create-options.h src/cli/cipher-spec.h src/shared/kcapi-name.h \
 include/ephvol.h src/shared/cpu-features.h src/cli/log.h \
 src/shared/macro.h src/shared/parse.h src/shared/size-expr.h \
 src/shared/zram-limit.h
src/cli/create-options.h:
src/cli/cipher-spec.h:
src/shared/kcapi-name.h:
include/ephvol.h:
src/shared/cpu-features.h:
src/cli/log.h:
src/shared/macro.h:
src/shared/parse.h:
src/shared/size-expr.h:
src/shared/zram-limit.h:
