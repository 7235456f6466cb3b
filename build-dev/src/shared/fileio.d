build-dev/src/shared/fileio.o: src/shared/fileio.c src/shared/fileio.h \
 src/shared/macro.h
src/shared/fileio.h:
src/shared/macro.h:
