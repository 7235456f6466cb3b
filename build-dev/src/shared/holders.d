build-dev/src/shared/holders.o: src/shared/holders.c src/shared/holders.h \
 src/shared/macro.h src/shared/dir-util.h src/shared/fileio.h \
 src/shared/parse.h src/shared/proc-parse.h
src/shared/holders.h:
src/shared/macro.h:
src/shared/dir-util.h:
src/shared/fileio.h:
src/shared/parse.h:
src/shared/proc-parse.h:
