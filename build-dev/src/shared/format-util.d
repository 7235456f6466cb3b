build-dev/src/shared/format-util.o: src/shared/format-util.c \
 src/shared/format-util.h
src/shared/format-util.h:
