build-dev/src/cli/sys-claim.o: src/cli/sys-claim.c src/shared/claim.h \
 src/shared/fileio.h src/cli/sys.h src/shared/macro.h
src/shared/claim.h:
src/shared/fileio.h:
src/cli/sys.h:
src/shared/macro.h:
