build-dev/src/shared/size-expr.o: src/shared/size-expr.c \
 src/shared/size-expr.h src/shared/macro.h
src/shared/size-expr.h:
src/shared/macro.h:
