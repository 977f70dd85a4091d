package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vitrine/store"
	"vitrine/store/storetest"
)

// receiver is a brand's webhook endpoint: it verifies each message and keeps the good ones.
type receiver struct {
	t      *testing.T
	now    func() time.Time
	secret atomic.Pointer[string]
	fail   atomic.Int32 // answer 500 to this many more messages
	mu     sync.Mutex
	got    []map[string]any
	ids    []string
	bad    int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if r.fail.Load() > 0 {
		r.fail.Add(-1)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	secret := r.secret.Load()
	if secret == nil || Verify(*secret, req.Header.Get(HeaderID), req.Header.Get(HeaderTimestamp), req.Header.Get(HeaderSignature), body, 5*time.Minute, r.now()) != nil {
		r.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	r.got = append(r.got, m)
	r.ids = append(r.ids, req.Header.Get(HeaderID))
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

type world struct {
	db     *store.DB
	brand  store.Brand
	cust   int64
	train  int64
	rcv    *receiver
	srv    *httptest.Server
	ep     store.WebhookEndpoint
	clock  *atomic.Pointer[time.Time]
	disp   *Dispatcher
	sem    chan struct{}
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

func newWorld(t *testing.T, types ...string) *world {
	t.Helper()
	w := &world{rcv: &receiver{t: t}, clock: &atomic.Pointer[time.Time]{}}
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	w.clock.Store(&start)
	w.db = storetest.Open(t, "webhook", store.WithClock(func() time.Time { return *w.clock.Load() }))
	w.rcv.now = w.db.Now
	w.ctx, w.cancel = context.WithCancel(context.Background())
	t.Cleanup(w.cancel)
	ctx := w.ctx
	var err error
	if w.brand, err = w.db.CreateBrand(ctx, store.Brand{Slug: "acme", Name: "Acme", DefaultLocale: "en"}); err != nil {
		t.Fatal(err)
	}
	if w.train, err = w.db.SavePurpose(ctx, store.Purpose{BrandID: w.brand.ID, Slug: "model-training", LegalBasis: "consent", Refusable: true, IsTraining: true, Registered: true}); err != nil {
		t.Fatal(err)
	}
	if w.cust, err = w.db.SaveCustomer(ctx, store.Customer{BrandID: w.brand.ID, ExternalID: "C-1", Locale: "en"}); err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(w.rcv)
	t.Cleanup(w.srv.Close)
	if w.ep, err = w.db.CreateWebhookEndpoint(ctx, w.brand.ID, w.srv.URL+"/hook", "", types, start); err != nil {
		t.Fatal(err)
	}
	w.rcv.secret.Store(&w.ep.Secret)
	w.disp = &Dispatcher{DB: w.db, Client: Client(2*time.Second, true)}
	w.sem = make(chan struct{}, 4)
	return w
}

// step runs the dispatcher once and waits for its sends.
func (w *world) step() {
	w.disp.Step(w.ctx, w.sem, &w.wg)
	w.wg.Wait()
}

func (w *world) advance(d time.Duration) {
	t := w.clock.Load().Add(d)
	w.clock.Store(&t)
}

func (w *world) refuse(t *testing.T, state string) {
	t.Helper()
	if _, err := w.db.RecordConsent(w.ctx, store.ConsentChange{CustomerID: w.cust, PurposeID: w.train, State: state, Method: "web"}); err != nil {
		t.Fatal(err)
	}
}

func TestDeliversSignedChangesOnceWithTheSameIDOnRetry(t *testing.T) {
	w := newWorld(t)
	w.refuse(t, store.ConsentRefused)
	w.rcv.fail.Store(1) // the first attempt fails
	w.step()
	if n := w.rcv.count(); n != 0 {
		t.Fatalf("received %d before the retry", n)
	}
	dl, err := w.db.WebhookDeliveries(w.ctx, w.brand.ID, w.ep.ID, 10)
	if err != nil || len(dl) != 1 || dl[0].Status != store.DeliveryPending || dl[0].Attempts != 1 || dl[0].LastCode != 500 {
		t.Fatalf("after a failed attempt: %+v %v", dl, err)
	}
	w.step() // not due yet: nothing is sent
	if n := w.rcv.count(); n != 0 {
		t.Fatalf("retried before its time")
	}
	w.advance(6 * time.Second)
	w.step()
	w.step() // and once delivered, never again
	if n := w.rcv.count(); n != 1 {
		t.Fatalf("received %d, want 1", n)
	}
	got := w.rcv.got[0]
	data, _ := got["data"].(map[string]any)
	if got["type"] != store.ChangeConsent || data["customer"] != "C-1" || data["purpose"] != "model-training" || data["meaning"] != "refused" {
		t.Errorf("payload = %v", got)
	}
	if w.rcv.ids[0] != dl[0].MsgID || got["id"] != dl[0].MsgID {
		t.Errorf("webhook-id %s and body id %v, want the delivery's %s", w.rcv.ids[0], got["id"], dl[0].MsgID)
	}
	dl, _ = w.db.WebhookDeliveries(w.ctx, w.brand.ID, w.ep.ID, 10)
	if dl[0].Status != store.DeliveryDelivered || dl[0].Attempts != 2 {
		t.Errorf("after delivery: %+v", dl[0])
	}
	if w.rcv.bad != 0 {
		t.Errorf("%d messages failed verification", w.rcv.bad)
	}
}

func TestOnlySubscribedTypesAndOnlyChangesAfterRegistration(t *testing.T) {
	w := newWorld(t, store.ChangeReviewAnswered)
	w.refuse(t, store.ConsentRefused)
	w.step()
	if n := w.rcv.count(); n != 0 {
		t.Fatalf("an endpoint subscribed to review answers got %d consent changes", n)
	}
	// A second endpoint registered after the change does not get it either.
	late, err := w.db.CreateWebhookEndpoint(w.ctx, w.brand.ID, w.srv.URL+"/late", "", nil, w.db.Now())
	if err != nil {
		t.Fatal(err)
	}
	w.step()
	if dl, _ := w.db.WebhookDeliveries(w.ctx, w.brand.ID, late.ID, 10); len(dl) != 0 {
		t.Fatalf("a new endpoint got %d old changes", len(dl))
	}
}

func TestAnEndpointFailingForADayIsDisabled(t *testing.T) {
	w := newWorld(t)
	w.rcv.fail.Store(1 << 20)
	w.refuse(t, store.ConsentRefused)
	for range 12 {
		w.step()
		w.advance(3 * time.Hour)
	}
	eps, err := w.db.WebhookEndpoints(w.ctx, w.brand.ID)
	if err != nil || len(eps) != 1 {
		t.Fatal(eps, err)
	}
	if eps[0].DisabledAt == nil || eps[0].DisabledReason == "" {
		t.Fatalf("endpoint failing for 36 hours is still enabled: %+v", eps[0])
	}
	dl, _ := w.db.WebhookDeliveries(w.ctx, w.brand.ID, w.ep.ID, 10)
	if dl[0].Status != store.DeliveryFailed {
		t.Errorf("delivery of a disabled endpoint is %s", dl[0].Status)
	}
	// Enabled again and replayed, it arrives.
	w.rcv.fail.Store(0)
	if err := w.db.EnableWebhookEndpoint(w.ctx, w.brand.ID, w.ep.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.db.ReplayDelivery(w.ctx, w.brand.ID, dl[0].ID, w.db.Now()); err != nil {
		t.Fatal(err)
	}
	w.step()
	if n := w.rcv.count(); n != 1 {
		t.Fatalf("replayed delivery: received %d", n)
	}
}

// Two dispatchers (two servers) on one database send each change once.
func TestTwoDispatchersSendEachChangeOnce(t *testing.T) {
	w := newWorld(t)
	other := &Dispatcher{DB: w.db, Client: Client(2*time.Second, true)}
	for range 20 {
		w.refuse(t, store.ConsentRefused)
		w.refuse(t, store.ConsentGranted)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(2)
		go func() { defer wg.Done(); w.step() }()
		go func() {
			defer wg.Done()
			var owg sync.WaitGroup
			other.Step(w.ctx, make(chan struct{}, 4), &owg)
			owg.Wait()
		}()
		wg.Wait()
	}
	w.step()
	if n := w.rcv.count(); n != 40 {
		t.Fatalf("received %d messages, want 40", n)
	}
	seen := map[string]bool{}
	for _, id := range w.rcv.ids {
		if seen[id] {
			t.Fatalf("message %s arrived twice", id)
		}
		seen[id] = true
	}
}
