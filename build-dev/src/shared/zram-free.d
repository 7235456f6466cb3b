build-dev/src/shared/zram-free.o: src/shared/zram-free.c \
 src/shared/zram-free.h src/shared/fileio.h src/shared/macro.h \
 src/shared/parse.h
src/shared/zram-free.h:
src/shared/fileio.h:
src/shared/macro.h:
src/shared/parse.h:
