build-dev/src/cli/zram-features.o: src/cli/zram-features.c \
 src/cli/version-features.h src/shared/fileio.h src/shared/macro.h \
 src/shared/zram-free.h
src/cli/version-features.h:
src/shared/fileio.h:
src/shared/macro.h:
src/shared/zram-free.h:
