build-dev/src/cli/sys-mount.o: src/cli/sys-mount.c \
 src/shared/mount-options.h src/cli/sys.h src/shared/macro.h
src/shared/mount-options.h:
src/cli/sys.h:
src/shared/macro.h:
