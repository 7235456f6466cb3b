build-dev/src/cli/cipher-spec.o: src/cli/cipher-spec.c \
 src/cli/cipher-spec.h src/shared/kcapi-name.h src/shared/macro.h
src/cli/cipher-spec.h:
src/shared/kcapi-name.h:
src/shared/macro.h:
