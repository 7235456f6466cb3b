build-dev/src/cli/sys-zram.o: src/cli/sys-zram.c src/shared/fileio.h \
 src/shared/proc-parse.h src/shared/zram-free.h src/cli/step.h \
 src/shared/zram-limit.h src/cli/sys.h src/shared/macro.h
src/shared/fileio.h:
src/shared/proc-parse.h:
src/shared/zram-free.h:
src/cli/step.h:
src/shared/zram-limit.h:
src/cli/sys.h:
src/shared/macro.h:
