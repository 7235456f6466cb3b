build-dev/src/cli/sys-format.o: src/cli/sys-format.c src/cli/log.h \
 src/shared/macro.h src/cli/sys.h
src/cli/log.h:
src/shared/macro.h:
src/cli/sys.h:
