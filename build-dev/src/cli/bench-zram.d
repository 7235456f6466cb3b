build-dev/src/cli/bench-zram.o: src/cli/bench-zram.c src/cli/bench-zram.h \
 src/shared/macro.h
src/cli/bench-zram.h:
src/shared/macro.h:
