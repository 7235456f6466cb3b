build-dev/src/cli/sys-block.o: src/cli/sys-block.c src/shared/dir-util.h \
 src/shared/macro.h src/shared/fileio.h src/shared/parse.h src/cli/sys.h
src/shared/dir-util.h:
src/shared/macro.h:
src/shared/fileio.h:
src/shared/parse.h:
src/cli/sys.h:
