/* demo.c - the bundled demo for `make demo`: a small "image pipeline" with
 * a few threads, a hot inner loop, sorting through libc's qsort and some
 * recursion, so that the report has something to show. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workload.h"

#define W 512
#define H 512

static NOINLINE void blur_row(const float *in, float *out, int y)
{
	for (int x = 1; x < W - 1; x++)
		out[y * W + x] = (in[y * W + x - 1] + in[y * W + x] + in[y * W + x + 1]) / 3.0f;
}

static NOINLINE void blur(const float *in, float *out)
{
	for (int y = 0; y < H; y++)
		blur_row(in, out, y);
}

static NOINLINE double gamma_correct(float *img)
{
	double s = 0;
	for (int i = 0; i < W * H; i++) {
		img[i] = powf(img[i], 1.0f / 2.2f);
		s += img[i];
	}
	return s;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static NOINLINE float median(const float *img)
{
	float *copy = malloc(sizeof(float) * W * H);
	memcpy(copy, img, sizeof(float) * W * H);
	qsort(copy, W * H, sizeof(float), cmp_float);
	float m = copy[W * H / 2];
	free(copy);
	return m;
}

static NOINLINE long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void *pipeline(void *arg)
{
	long rounds = (long)arg;
	float *a = malloc(sizeof(float) * W * H), *b = malloc(sizeof(float) * W * H);
	double acc = 0;

	pthread_setname_np(pthread_self(), "pipeline");
	for (int i = 0; i < W * H; i++)
		a[i] = (float)((i * 7919) % 1000) / 1000.0f;
	for (long r = 0; r < rounds; r++) {
		blur(a, b);
		acc += gamma_correct(b);
		acc += median(b);
	}
	workload_sink = acc;
	free(a);
	free(b);
	return NULL;
}

int main(int argc, char **argv)
{
	long rounds = arg_long(argc, argv, 1, 12);
	pthread_t t[2];

	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, pipeline, (void *)rounds);
	printf("fib(32) = %ld\n", fib(32));
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("demo done\n");
	return 0;
}
