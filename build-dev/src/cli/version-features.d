build-dev/src/cli/version-features.o: src/cli/version-features.c \
 src/cli/version-features.h src/shared/macro.h
src/cli/version-features.h:
src/shared/macro.h:
