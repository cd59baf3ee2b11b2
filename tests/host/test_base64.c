/* test_base64.c - host tests for kernel/base64.c against RFC 4648's
 * test vectors and every byte value. */
#include "test.h"

#include "base64.h"
#include "kstring.h"

static const char *enc(const char *in, size_t n, char *out)
{
	size_t len = base64_encode((const u8 *)in, n, out);

	out[len] = 0;
	return out;
}

TEST(base64_rfc4648_vectors)
{
	char out[32];

	CHECK_STREQ(enc("", 0, out), "");
	CHECK_STREQ(enc("f", 1, out), "Zg==");
	CHECK_STREQ(enc("fo", 2, out), "Zm8=");
	CHECK_STREQ(enc("foo", 3, out), "Zm9v");
	CHECK_STREQ(enc("foob", 4, out), "Zm9vYg==");
	CHECK_STREQ(enc("fooba", 5, out), "Zm9vYmE=");
	CHECK_STREQ(enc("foobar", 6, out), "Zm9vYmFy");
}

TEST(base64_every_byte)
{
	u8 in[256];
	char out[BASE64_LEN(256) + 1];

	for (unsigned i = 0; i < 256; i++)
		in[i] = (u8)i;
	CHECK_EQ(base64_encode(in, 256, out), BASE64_LEN(256));
	out[BASE64_LEN(256)] = 0;
	/* The start, the alphabet's last letters, and the padded end. */
	CHECK(!memcmp(out, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", 44));
	CHECK(!memcmp(out + 40,
		      "Hh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BB", 48));
	CHECK_STREQ(out + BASE64_LEN(256) - 8, "/P3+/w==");
	CHECK_EQ(BASE64_LEN(BASE64_LINE_BYTES), 76);
}
