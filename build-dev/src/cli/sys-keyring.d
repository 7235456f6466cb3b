build-dev/src/cli/sys-keyring.o: src/cli/sys-keyring.c src/cli/sys.h \
 src/shared/macro.h
src/cli/sys.h:
src/shared/macro.h:
