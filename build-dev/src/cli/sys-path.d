build-dev/src/cli/sys-path.o: src/cli/sys-path.c src/cli/sys.h \
 src/shared/macro.h
src/cli/sys.h:
src/shared/macro.h:
