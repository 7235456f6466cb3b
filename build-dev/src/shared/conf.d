build-dev/src/shared/conf.o: src/shared/conf.c src/shared/conf.h \
 src/shared/macro.h src/shared/dir-util.h src/shared/fileio.h \
 src/shared/parse.h src/shared/size-expr.h src/shared/zram-limit.h
src/shared/conf.h:
src/shared/macro.h:
src/shared/dir-util.h:
src/shared/fileio.h:
src/shared/parse.h:
src/shared/size-expr.h:
src/shared/zram-limit.h:
