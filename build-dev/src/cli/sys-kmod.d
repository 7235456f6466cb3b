build-dev/src/cli/sys-kmod.o: src/cli/sys-kmod.c src/cli/log.h \
 src/shared/macro.h src/cli/sys.h
src/cli/log.h:
src/shared/macro.h:
src/cli/sys.h:
