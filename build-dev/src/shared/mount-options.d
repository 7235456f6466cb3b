build-dev/src/shared/mount-options.o: src/shared/mount-options.c \
 src/shared/mount-options.h src/shared/macro.h
src/shared/mount-options.h:
src/shared/macro.h:
