build-dev/src/shared/parse.o: src/shared/parse.c src/shared/parse.h
src/shared/parse.h:
