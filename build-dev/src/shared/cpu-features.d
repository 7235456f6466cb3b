build-dev/src/shared/cpu-features.o: src/shared/cpu-features.c \
 src/shared/cpu-features.h src/shared/fileio.h src/shared/macro.h
src/shared/cpu-features.h:
src/shared/fileio.h:
src/shared/macro.h:
