build-dev/src/shared/zram-limit.o: src/shared/zram-limit.c \
 src/shared/zram-limit.h src/shared/parse.h
src/shared/zram-limit.h:
src/shared/parse.h:
