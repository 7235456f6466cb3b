build-dev/src/cli/column-list.o: src/cli/column-list.c \
 src/cli/column-list.h
src/cli/column-list.h:
