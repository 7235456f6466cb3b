build-dev/src/cli/sys-dmcrypt.o: src/cli/sys-dmcrypt.c \
 src/shared/dir-util.h src/shared/macro.h src/shared/fileio.h \
 src/cli/log.h src/shared/run-paths.h src/cli/step.h src/cli/sys.h
src/shared/dir-util.h:
src/shared/macro.h:
src/shared/fileio.h:
src/cli/log.h:
src/shared/run-paths.h:
src/cli/step.h:
src/cli/sys.h:
