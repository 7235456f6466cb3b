build-dev/src/shared/claim.o: src/shared/claim.c src/shared/claim.h \
 src/shared/parse.h
src/shared/claim.h:
src/shared/parse.h:
