build-dev/src/cli/bench-options.o: src/cli/bench-options.c \
 src/cli/bench-options.h src/cli/create-options.h include/ephvol.h \
 src/shared/kcapi-name.h src/cli/log.h src/shared/macro.h \
 src/shared/parse.h
src/cli/bench-options.h:
src/cli/create-options.h:
include/ephvol.h:
src/shared/kcapi-name.h:
src/cli/log.h:
src/shared/macro.h:
src/shared/parse.h:
