build-dev/src/shared/proc-parse.o: src/shared/proc-parse.c \
 src/shared/proc-parse.h src/shared/macro.h src/shared/parse.h
src/shared/proc-parse.h:
src/shared/macro.h:
src/shared/parse.h:
