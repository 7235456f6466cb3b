build-dev/src/cli/sys-loop.o: src/cli/sys-loop.c src/shared/dir-util.h \
 src/shared/macro.h src/shared/fileio.h src/cli/sys.h
src/shared/dir-util.h:
src/shared/macro.h:
src/shared/fileio.h:
src/cli/sys.h:
