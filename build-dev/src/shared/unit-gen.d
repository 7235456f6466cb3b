build-dev/src/shared/unit-gen.o: src/shared/unit-gen.c \
 src/shared/unit-gen.h src/shared/conf.h src/shared/macro.h
src/shared/unit-gen.h:
src/shared/conf.h:
src/shared/macro.h:
