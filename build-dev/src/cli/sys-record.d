build-dev/src/cli/sys-record.o: src/cli/sys-record.c src/shared/fileio.h \
 src/shared/run-paths.h src/cli/sys.h src/shared/macro.h
src/shared/fileio.h:
src/shared/run-paths.h:
src/cli/sys.h:
src/shared/macro.h:
