build-dev/src/cli/bench-options.o: src/cli/bench-options.c \
 src/cli/bench-options.h src/cli/create-options.h src/cli/cipher-spec.h \
 src/shared/kcapi-name.h include/ephvol.h src/cli/log.h \
 src/shared/macro.h src/shared/parse.h
src/cli/bench-options.h:
src/cli/create-options.h:
src/cli/cipher-spec.h:
src/shared/kcapi-name.h:
include/ephvol.h:
src/cli/log.h:
src/shared/macro.h:
src/shared/parse.h:
