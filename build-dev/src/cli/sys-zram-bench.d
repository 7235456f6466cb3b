build-dev/src/cli/sys-zram-bench.o: src/cli/sys-zram-bench.c \
 src/cli/sys-zram-bench.h src/cli/bench-sample.h src/cli/bench-zram.h \
 src/shared/fileio.h src/cli/sys.h src/shared/macro.h
src/cli/sys-zram-bench.h:
src/cli/bench-sample.h:
src/cli/bench-zram.h:
src/shared/fileio.h:
src/cli/sys.h:
src/shared/macro.h:
