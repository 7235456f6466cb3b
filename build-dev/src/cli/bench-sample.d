build-dev/src/cli/bench-sample.o: src/cli/bench-sample.c \
 src/cli/bench-sample.h src/shared/macro.h
src/cli/bench-sample.h:
src/shared/macro.h:
