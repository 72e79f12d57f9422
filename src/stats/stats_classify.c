/* What a request says about its visitor, reduced to what the statistics may keep: a device class
 * and the referring site's host. */
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <string.h>

#include "stats/stats.h"

/* The needles are lower case and searched in a lower-cased copy: glibc's strstr is several
 * times faster than strcasestr, and this runs on every request. */
static int contains_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strstr(s, *words)) return 1;
    return 0;
}

stats_device stats_device_of(const char *ua)
{
    static const char *const robots[] = {
        "bot",        "crawl",   "spider",    "slurp",       "curl/",     "wget",
        "python",     "java/",   "go-http",   "headless",    "lighthouse", "monitor",
        "okhttp",     "libwww",  "httpclient", "scrapy",     "facebookexternalhit",
        "preview",    "axios/",  "node-fetch", "postman",    "uptime",    "check",
        NULL};
    static const char *const tablets[] = {"ipad", "tablet", "kindle", "silk/", "playbook", NULL};
    static const char *const phones[] = {"mobi", "iphone", "ipod", "android", "windows phone",
                                         "opera mini", NULL};
    if (!ua || !*ua) return STATS_DEVICE_ROBOT;
    char lower[512];
    size_t n = 0;
    for (; ua[n] && n + 1 < sizeof lower; n++) lower[n] = (char)tolower((unsigned char)ua[n]);
    lower[n] = '\0';
    if (contains_any(lower, robots)) return STATS_DEVICE_ROBOT;
    /* Android tablets leave "Mobile" out of their User-Agent; phones put it in. */
    if (contains_any(lower, tablets) || (strstr(lower, "android") && !strstr(lower, "mobile")))
        return STATS_DEVICE_TABLET;
    if (contains_any(lower, phones)) return STATS_DEVICE_MOBILE;
    return STATS_DEVICE_DESKTOP;
}

const char *stats_device_name(stats_device d)
{
    switch (d) {
    case STATS_DEVICE_MOBILE: return "mobil";
    case STATS_DEVICE_TABLET: return "nettbrett";
    case STATS_DEVICE_DESKTOP: return "datamaskin";
    default: return "robot";
    }
}

/* True when s holds four dot-separated numbers in a row anywhere ("10.1.2.3.nip.io"): such a
 * name carries an address, which the statistics never keep. */
static int holds_ipv4(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (p != s && p[-1] != '.') continue;
        const char *q = p;
        int groups = 0;
        while (groups < 4 && isdigit((unsigned char)*q)) {
            while (isdigit((unsigned char)*q)) q++;
            groups++;
            if (groups < 4) {
                if (*q != '.') break;
                q++;
            }
        }
        if (groups == 4 && (!*q || *q == '.')) return 1;
    }
    return 0;
}

static int host_acceptable(const char *host)
{
    size_t n = strlen(host);
    if (n == 0 || n > 100 || !strchr(host, '.')) return 0; /* no single-label names */
    if (host[0] == '[' || strchr(host, ':') || holds_ipv4(host)) return 0;
    for (const char *p = host; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_') return 0;
    struct in_addr v4;
    return inet_pton(AF_INET, host, &v4) != 1;
}

const char *stats_referrer_host(const char *referer, const char *own_host, char *out, size_t len)
{
    if (len) out[0] = '\0';
    if (!referer || !*referer || len == 0 || strlen(referer) > 2048) return out;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, referer, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (!strcmp(scheme, "http") || !strcmp(scheme, "https")) &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && strlen(host) < len) {
        for (size_t i = 0; host[i]; i++) host[i] = (char)tolower((unsigned char)host[i]);
        if (host_acceptable(host) && !(own_host && !strcmp(host, own_host))) strcpy(out, host);
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return out;
}
