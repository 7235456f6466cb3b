build-dev/src/cli/sys-udev.o: src/cli/sys-udev.c src/shared/fileio.h \
 src/shared/macro.h src/cli/sys.h
src/shared/fileio.h:
src/shared/macro.h:
src/cli/sys.h:
