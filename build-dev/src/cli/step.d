build-dev/src/cli/step.o: src/cli/step.c src/cli/step.h src/cli/log.h \
 src/shared/macro.h src/shared/parse.h
src/cli/step.h:
src/cli/log.h:
src/shared/macro.h:
src/shared/parse.h:
