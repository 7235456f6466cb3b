build-dev/src/cli/sys-run-dir.o: src/cli/sys-run-dir.c src/shared/macro.h \
 src/shared/run-paths.h src/cli/sys.h
src/shared/macro.h:
src/shared/run-paths.h:
src/cli/sys.h:
