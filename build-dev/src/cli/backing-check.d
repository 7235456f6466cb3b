build-dev/src/cli/backing-check.o: src/cli/backing-check.c \
 src/cli/backing-check.h src/cli/sys.h src/shared/macro.h src/cli/log.h
src/cli/backing-check.h:
src/cli/sys.h:
src/shared/macro.h:
src/cli/log.h:
