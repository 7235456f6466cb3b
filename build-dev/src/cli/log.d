build-dev/src/cli/log.o: src/cli/log.c src/cli/log.h src/shared/macro.h
src/cli/log.h:
src/shared/macro.h:
