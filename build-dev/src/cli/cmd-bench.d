build-dev/src/cli/cmd-bench.o: src/cli/cmd-bench.c \
 src/cli/bench-options.h src/cli/bench-output.h src/cli/bench-sample.h \
 src/cli/bench-zram.h src/cli/log.h src/shared/macro.h \
 src/cli/sys-zram-bench.h src/cli/verbs.h src/shared/ephvol-cleanup.h \
 include/ephvol.h
src/cli/bench-options.h:
src/cli/bench-output.h:
src/cli/bench-sample.h:
src/cli/bench-zram.h:
src/cli/log.h:
src/shared/macro.h:
src/cli/sys-zram-bench.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
include/ephvol.h:
