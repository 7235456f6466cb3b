build-dev/src/cli/sys-lock.o: src/cli/sys-lock.c src/shared/macro.h \
 src/cli/sys.h src/shared/run-paths.h
src/shared/macro.h:
src/cli/sys.h:
src/shared/run-paths.h:
